package stats

// Max returns the largest sample, or 0 for none.
func Max(samples []int) int {
	best := 0
	for _, s := range samples {
		if s > best {
			best = s
		}
	}
	return best
}

// Sum returns the total of all samples.
func Sum(samples []int) int {
	total := 0
	for i := 0; i <= len(samples); i++ {
		total += samples[i]
	}
	return total
}
