"""Accessibility checks with the vendored axe-core (tests/browser/vendor/axe.min.js).

`assert_accessible(page)` fails on any serious or critical violation of WCAG 2.0, 2.1
and 2.2 level A and AA rules that axe can test automatically. Minor and moderate
findings are not failures; axe's checks cover part of WCAG only, so passing here is
necessary, not sufficient.
"""

from functools import cache
from pathlib import Path

AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = ("serious", "critical")

_RUN_AXE = """
async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map(String),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}
"""


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def _inject_axe(page) -> None:
    # The portal's CSP (script-src 'self' 'nonce-…') blocks page.add_script_tag(), and
    # bypass_csp would also hide CSP problems of the portal itself. Evaluating through
    # the DevTools protocol is not subject to the page's CSP, so the policy stays on.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())


def axe_violations(page, *, tags=WCAG_TAGS) -> list[dict]:
    """All of axe's violations on the current page (every impact), as plain dicts."""
    page.wait_for_load_state("load")
    _inject_axe(page)
    return page.evaluate(_RUN_AXE, list(tags))


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(node['target'])}")
            lines.append(f"      html: {node['html']}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"      {summary_line}")
    return "\n".join(lines)


def assert_accessible(page, *, tags=WCAG_TAGS) -> None:
    """Fails on any serious or critical axe violation on the page as it is now."""
    failing = [v for v in axe_violations(page, tags=tags) if v["impact"] in FAILING_IMPACTS]
    if failing:
        raise AssertionError(
            f"axe found {len(failing)} serious/critical accessibility violation(s) "
            f"on {page.url}:\n{format_violations(failing)}"
        )


def assert_no_violations(page, *, tags=WCAG_TAGS) -> None:
    """Fails on any axe violation at all, whatever its impact (the new pages' bar)."""
    if violations := axe_violations(page, tags=tags):
        raise AssertionError(
            f"axe found {len(violations)} violation(s) on {page.url}:\n"
            f"{format_violations(violations)}"
        )
