package auth

import "sync"

type Cache struct {
	mu     sync.RWMutex
	tokens map[string]string
}

func NewCache() *Cache {
	return &Cache{tokens: map[string]string{}}
}

func (c *Cache) Get(user string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	t, ok := c.tokens[user]
	return t, ok
}

func (c *Cache) Put(user, token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tokens[user] = token
}
