"""orbat: a sourced order of battle from reporting on armed-group networks."""
__version__ = "0.1.0"
