//go:build !unix

package main

import "os"

// peakRSSKiB is not measured on this system.
func peakRSSKiB(*os.ProcessState) int64 { return 0 }

// processCPU is not measured on this system.
func processCPU() float64 { return 0 }

// settle does nothing on this system.
func settle() {}

// freeBytes is not measured on this system.
func freeBytes(string) int64 { return 0 }
