"""The encrypted local store: cases, the s.62 audit log, their key and schema."""
