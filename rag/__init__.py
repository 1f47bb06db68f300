"""Question answering over news and opinion articles, with cited, attributed excerpts."""
