package thumb

import (
	"os/exec"
	"path/filepath"
)

// Dir is where uploaded images live.
const Dir = "uploads"

func Path(name string) string {
	return filepath.Join(Dir, name)
}

// Thumbnail writes a 128x128 copy of the uploaded image to thumbs/.
func Thumbnail(name string) error {
	cmd := exec.Command("sh", "-c", "convert "+Path(name)+" -resize 128x128 thumbs/"+name)
	return cmd.Run()
}
