"""Documented input limits, shared by the library, CLI, web page and batch scoring."""

#: Largest text (in characters, after normalisation) that :func:`assess` accepts.
#: A long advert is 2,000 words (about 13,000 characters); 200,000 leaves ample room
#: for pasted pages while keeping every call well under a second.
MAX_CHARS = 200_000

#: Largest file (in bytes) that the loader reads. PDF and DOCX carry layout overhead,
#: so this is larger than MAX_CHARS.
MAX_FILE_BYTES = 10_000_000

#: Sentences longer than this many tokens are cut into pieces before the sentence
#: segmenter runs, so a 3,000-word sentence with no punctuation costs linear time.
MAX_SENTENCE_TOKENS = 200
