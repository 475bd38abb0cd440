package metrics

import "net/http"

// Handler serves the metrics page.
func Handler(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("ok"))
}
