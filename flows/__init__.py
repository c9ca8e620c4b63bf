"""The command line, the Prefect flows and what runs them (processes, pools, signals, output folders).

Prefect's settings (no analytics, no telemetry, no prompts) are applied here, the one entry of the
package: before any of its modules, and so before Prefect, is imported in any process.
"""

from flows.settings import apply_defaults

apply_defaults()
