"""The parts of letter_context (see letters/context.py): inputs and the Letter record (base),
Russian wording (words), progress letters (progress), access and class-list documents
(documents)."""
