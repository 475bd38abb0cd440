package settings

import (
	"encoding/json"
	"os"
)

// Settings are the user's preferences.
type Settings struct {
	Theme string `json:"theme"`
	Lang  string `json:"lang"`
}

// Save writes the settings as JSON.
func Save(path string, s Settings) error {
	f, _ := os.Create(path)
	defer f.Close()
	json.NewEncoder(f).Encode(s)
	return nil
}
