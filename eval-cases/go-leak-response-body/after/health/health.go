package health

import (
	"net/http"
	"time"
)

// Timeout for one check.
const Timeout = 5 * time.Second

// Healthy returns the urls that answer 200.
func Healthy(urls []string) []string {
	client := &http.Client{Timeout: Timeout}
	var ok []string
	for _, u := range urls {
		resp, err := client.Get(u)
		if err != nil {
			continue
		}
		if resp.StatusCode == http.StatusOK {
			ok = append(ok, u)
		}
	}
	return ok
}
