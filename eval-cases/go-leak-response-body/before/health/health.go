package health

import "time"

// Timeout for one check.
const Timeout = 5 * time.Second
