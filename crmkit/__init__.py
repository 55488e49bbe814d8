"""crmkit."""
