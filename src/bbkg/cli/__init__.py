"""The ``bbkg`` command line: thin, lazy, one-line errors with documented exit codes.

Exit codes: 0 success (also when the output pipe closes early, ``| head``); 1 data does not
conform (validate) or ASK answered false; 2 usage or input error (a full disk too); 3 remote
endpoint error; 130 interrupted.
"""

from __future__ import annotations

import importlib
import sys

import click

from bbkg import __version__

#: command name -> "module:function"; a command's module is imported only when it runs
COMMANDS: dict[str, str] = {
    "build": "bbkg.cli.core:build",
    "validate": "bbkg.cli.core:validate",
    "export": "bbkg.cli.core:export",
    "stats": "bbkg.cli.core:stats",
    "queries": "bbkg.cli.query:queries_cmd",
    "query": "bbkg.cli.query:query_cmd",
    "load": "bbkg.cli.store:load",
    "import": "bbkg.cli.imports:import_group",
    "push": "bbkg.cli.remote:push_cmd",
    "serve": "bbkg.cli.remote:serve_cmd",
    "diagram": "bbkg.cli.network:diagram",
    "metrics": "bbkg.cli.network:metrics",
    "timeline": "bbkg.cli.time:timeline_cmd",
    "diff": "bbkg.cli.time:diff_cmd",
    "map": "bbkg.cli.geo:map_cmd",
    "site": "bbkg.cli.site:site_cmd",
}
#: one-line help per command, shown by ``bbkg --help`` without importing the command
SUMMARIES: dict[str, str] = {
    "build": "Compile graph/*.csv and the ontology into graph/bbkg.ttl and graph/bbkg.trig.",
    "validate": "Check a graph against the SHACL shapes and the violation queries.",
    "export": "Write the graph as Turtle, TriG, N-Triples, N-Quads or JSON-LD.",
    "stats": "Count entities and relations, by kind and by region.",
    "queries": "List the named queries with their summaries and parameters.",
    "query": "Run a named query, a .rq file or --sparql text; print a table, CSV, TSV, JSON or Markdown.",
    "import": "Import a KBO company register extract or CORDIS EU project packages into the graph.",
    "load": "Bulk-load RDF files into a persistent Oxigraph store folder (--store DIR) for large graphs.",
    "push": "Load the graph into a SPARQL endpoint (Graph Store Protocol), all or nothing; report the counts.",
    "serve": "Serve the graph as a local read-only SPARQL endpoint with a query UI and the W3C reconciliation API.",
    "diagram": "Draw the partnership network: offline HTML, PNG, SVG, GEXF or GraphML.",
    "metrics": "Network metrics: degree, betweenness, communities, cross-region brokers.",
    "timeline": "An organisation's dated events in order: founding, partnerships, funding, memberships, acquisitions.",
    "diff": "What changed between two dates or two releases: partnerships, organisations, metrics.",
    "map": "Draw the organisations on a map of Belgium: offline HTML (clusters, filters), PNG or SVG.",
    "site": "Write the graph as a static linked-data website: a page per entity (HTML, Turtle, JSON-LD), search, map.",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a closed output pipe becomes :class:`OutputClosed` before click makes it exit 1."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            from bbkg.errors import OutputClosed

            raise OutputClosed("the output was closed") from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bbkg")
def main() -> None:
    """bbkg: the Belgian Biotech Knowledge Graph.

    Build and validate the curated graph, run named SPARQL queries, draw partnership
    networks and export RDF. Exit codes: 0 ok, 1 does not conform / ASK false,
    2 usage or input error, 3 remote endpoint error, 130 interrupted.
    """


def run(args: list[str] | None = None) -> None:
    """Entry point: run the CLI (on ``args``, default the command line) and turn library errors into
    one-line messages; always ends with ``SystemExit`` carrying the exit code."""
    code = _dispatch(args)
    try:
        sys.stdout.flush()  # what is still buffered: a full disk shows here, not as a traceback at exit
    except BrokenPipeError:
        _drop_stdout()
    except OSError as exc:
        from bbkg.rdfio import write_error

        _drop_stdout()
        click.echo(f"Error: {write_error(exc, None)}", err=True)
        code = 2
    sys.exit(code)


def _dispatch(args: list[str] | None) -> int:
    """Run the command; return its exit code (errors printed as one line on stderr)."""
    from bbkg.errors import BbkgError, OutputClosed

    try:
        main.main(args=args, prog_name="bbkg", standalone_mode=False)
        return 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except OutputClosed:  # the reader went away (`| head -1`): stop quietly
        _drop_stdout()
        return 0
    except BbkgError as exc:
        for problem in exc.problems:
            click.echo(f"Error: {problem}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "bbkg"
        click.echo(f"Error: {exc.format_message()} (see '{where} --help')", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"Error: {exc.format_message()}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:  # (outside a command: while click prints help)
        _drop_stdout()
        return 0
    except OSError as exc:  # a write that the command did not expect to fail: a full disk under click.echo
        from bbkg.rdfio import write_error

        _drop_stdout()
        click.echo(f"Error: {write_error(exc, exc.filename)}", err=True)
        return 2


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that Python's own flush at exit has nothing to fail on."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests capture it): nothing is flushed at exit either
