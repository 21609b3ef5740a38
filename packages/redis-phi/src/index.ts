// Re-exports only; see the construct files.
