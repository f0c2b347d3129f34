"""The one Typer application; each command module registers its commands on it."""
import typer

app = typer.Typer(
    name="orbat",
    help="Turn reporting on armed-group networks into a sourced order of battle.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
