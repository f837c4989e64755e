"""Reading a reply: a file's bytes to text (extract, formats/), the text to a Reply (parser and its parts)."""
