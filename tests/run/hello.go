// SPDX-License-Identifier: MIT
// A Go program for the run tests: goroutines, a channel, its arguments.
package main

import (
	"fmt"
	"os"
)

func main() {
	ch := make(chan int)
	for i := 0; i < 4; i++ {
		go func(n int) { ch <- n * n }(i)
	}
	sum := 0
	for i := 0; i < 4; i++ {
		sum += <-ch
	}
	fmt.Println("go:", os.Args[1:], "sum", sum)
	os.Exit(5)
}
