// SPDX-License-Identifier: MIT
// A 32-bit C++ program (g++ -m32): throws and catches an exception
// across frames, which needs the unwinder and the .eh_frame tables.
#include <cstdio>
#include <stdexcept>
#include <string>

static int deep(int n)
{
	if (n == 0)
		throw std::runtime_error("thrown from depth " + std::to_string(7));
	return deep(n - 1) + 1;
}

int main()
{
	try {
		deep(7);
	} catch (const std::exception &e) {
		std::printf("caught: %s\n", e.what());
		return 5;
	}
	return 0;
}
