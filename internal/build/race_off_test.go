//go:build !race

package build

// raceDetector tells whether the tests run under -race.
const raceDetector = false
