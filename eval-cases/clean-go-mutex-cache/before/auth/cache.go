package auth

type Cache struct {
	tokens map[string]string
}

func NewCache() *Cache {
	return &Cache{tokens: map[string]string{}}
}

func (c *Cache) Get(user string) (string, bool) {
	t, ok := c.tokens[user]
	return t, ok
}

func (c *Cache) Put(user, token string) {
	c.tokens[user] = token
}
