INSERT INTO corpus VALUES (?, ?)
