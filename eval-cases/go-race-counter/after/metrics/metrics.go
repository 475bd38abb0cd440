package metrics

import "net/http"

var counts = map[string]int{}

// Middleware counts every request by path.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		counts[r.URL.Path]++
		next.ServeHTTP(w, r)
	})
}

// Counts returns a copy of the counts.
func Counts() map[string]int {
	out := make(map[string]int, len(counts))
	for k, v := range counts {
		out[k] = v
	}
	return out
}

// Handler serves the metrics page.
func Handler(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("ok"))
}
