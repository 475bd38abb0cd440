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
