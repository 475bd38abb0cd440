package settings

// Settings are the user's preferences.
type Settings struct {
	Theme string `json:"theme"`
	Lang  string `json:"lang"`
}
