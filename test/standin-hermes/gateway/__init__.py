"""The stand-in Hermes messaging gateway (``hermes gateway run``)."""
