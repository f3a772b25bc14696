"""`pii-scan sources`: placeholder until the connectors land (replaced in the same change)."""

import click


@click.command()
@click.argument("source", nargs=-1, required=True)
def sources(source: tuple[str, ...]) -> None:
    """List the tables of each SOURCE with columns, types and row counts."""
    raise click.ClickException("not implemented yet")
