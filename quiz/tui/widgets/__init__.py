"""Small widgets the screens compose."""
