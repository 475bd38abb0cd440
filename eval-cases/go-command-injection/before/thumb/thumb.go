package thumb

import "path/filepath"

// Dir is where uploaded images live.
const Dir = "uploads"

func Path(name string) string {
	return filepath.Join(Dir, name)
}
