// SPDX-License-Identifier: MIT
/* bench/floor: does nothing, linked as elfload is: the launch floor. */
int main(void)
{
	return 0;
}
