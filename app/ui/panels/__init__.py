"""The workspace's panels: each shows one part of the session and forwards intent."""
