"""The one Typer application; each command module registers its commands on it."""
import typer

app = typer.Typer(
    name="orbat",
    help="Turn reporting on armed-group networks into a sourced order of battle.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# The store option every store command shares.
DB_HELP = "The store: a SQLite file path or a postgresql:// URL (default: ORBAT_DB, else ./orbat.db)."
DbOption = typer.Option("orbat.db", "--db", envvar="ORBAT_DB", help=DB_HELP, show_default=False)
