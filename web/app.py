"""The web app for legal staff: `create_app(build)` serves one build folder.

Pages are rendered on the server with Jinja2 (autoescape on: everything from documents is escaped);
the only scripts are our own static file and, in the graph explorer's frame, the viz page of
`plankg.graph.viz` (vis-network inlined from pyvis's package data). Nothing loads from a network.
Errors never show a traceback: user errors (`PlankgError`) show their one-line message, anything
else a generic page while the traceback goes to the server log.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from plankg.errors import InputError, PlankgError, QueryError
from plankg.graph.property import (
    AGENCY,
    AGENCY_GROUP,
    CITES,
    COOPERATES_ON,
    DEPENDS_ON,
    HAS_ACTIVITY,
    HAS_PRODUCT,
    LEADS,
    LEGAL_DOCUMENT,
    PART_OF,
    PLAN_DOCUMENT,
    RELATION_TYPES,
    SAME_AS,
    SERVES,
    TASK,
    Node,
)
from plankg.web import consoles
from plankg.web.charts import Bar, Highlight, highlight_text, quarter_chart
from plankg.web.i18n import DEFAULT_LANG, LANGS, STATUS_EN, label_name, translate
from plankg.web.state import AppState, Snapshot, quarter_of, search

log = logging.getLogger("plankg.web")
HERE = Path(__file__).resolve().parent
LANG_COOKIE = "plankg_lang"
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
# The explorer's frame is the self-contained viz page: inline script and style, data in a JSON block.
VIZ_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
)
RELATION_EDGE_TYPES = frozenset(RELATION_TYPES.values())
RELATION_NAMES = {
    "AMENDS": ("sửa đổi, bổ sung", "amends"),
    "REPLACES": ("thay thế", "replaces"),
    "REPEALS": ("bãi bỏ", "repeals"),
    "PARTIALLY_REPEALS": ("bãi bỏ một phần", "partially repeals"),
    "EXPIRES": ("hết hiệu lực", "expires"),
    "IMPLEMENTS": ("triển khai thực hiện", "implements"),
    "BASED_ON": ("căn cứ vào", "is based on"),
    "GUIDES": ("hướng dẫn", "guides"),
    "APPLIES": ("áp dụng", "applies"),
    "SAME_AS": ("là văn bản", "is the document"),
    "DEPENDS_ON": ("phụ thuộc", "depends on"),
    "PART_OF": ("thuộc", "is part of"),
}
EVENTS = ("amended", "replaced", "repealed")
MAX_DEPTH = 6
EXAMPLE_SPARQL = """PREFIX pkg: <https://w3id.org/plankg/ontology#>
SELECT ?class (COUNT(?s) AS ?n)
WHERE { ?s a ?class }
GROUP BY ?class
ORDER BY DESC(?n)"""
EXAMPLE_CYPHER = """MATCH (a:Agency)-[:LEADS]->(t:Task)
RETURN a.name AS agency, a.province AS province, count(t) AS tasks
ORDER BY tasks DESC"""


# ---------------------------------------------------------------------------------------------- helpers


def node_url(key: str) -> str:
    """The page of a node key (`legal:…`, `doc:…`, `agency:…`, `task:…`), else the graph centred on it."""
    prefix, _, rest = key.partition(":")
    pages = {"legal": "/legal/", "doc": "/plan/", "agency": "/agency/", "task": "/task/"}
    if prefix in pages and rest:
        return pages[prefix] + quote(rest, safe="/")
    return "/graph?" + urlencode({"focus": key})


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["node_url"] = node_url
    env.globals["urlencode"] = lambda params: urlencode(
        {k: v for k, v in params.items() if v not in (None, "")}
    )
    env.filters["cell"] = consoles.cell
    return env


def _params_text(text: str) -> dict[str, str]:
    """`name=value` lines → a dict (blank lines and `#` comments skipped)."""
    params: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, sep, value = stripped.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"parameter line {number}: write name=value")
        params[name.strip()] = value.strip()
    return params


def _csv_response(columns: list[str], rows: list[list[Any]], name: str) -> Response:
    from plankg.web.uploads import download_name

    return Response(
        "\ufeff" + consoles.to_csv(columns, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{download_name(name, ".csv")}"'},
    )


def _node_name(node: Node | None, key: str = "") -> str:
    if node is None:
        return key.partition(":")[2] or key
    p = node.props
    if node.label == LEGAL_DOCUMENT:
        ident = str(p.get("id") or node.key.removeprefix("legal:"))
        scope = p.get("scope")
        return f"{ident} ({scope})" if scope and node.key.endswith(f"#{scope}") else ident
    if node.label == PLAN_DOCUMENT:
        return str(p.get("number") or p.get("title") or p.get("id") or node.key)
    if node.label == TASK:
        return str(p.get("id") or node.key.removeprefix("task:"))
    return str(p.get("name") or p.get("id") or p.get("text") or node.key)


def _task_row(snap: Snapshot, node: Node) -> dict[str, Any]:
    plan_edge = next(iter(snap.edges_out(node.key, PART_OF)), None)
    plan = snap.node(plan_edge.target) if plan_edge else None
    return {
        "key": node.key,
        "id": node.props.get("id") or node.key.removeprefix("task:"),
        "number": node.props.get("number"),
        "text": node.props.get("text") or "",
        "province": node.props.get("province"),
        "area": node.props.get("area"),
        "deadline": node.props.get("deadline_text") or node.props.get("deadline_end") or "",
        "deadline_end": node.props.get("deadline_end"),
        "line": node.props.get("source_line"),
        "plan": plan,
        "lead": snap.agencies_of_task(node.key, LEADS),
        "cooperating": snap.agencies_of_task(node.key, COOPERATES_ON),
        "depends": [snap.node(e.target) or e.target for e in snap.edges_out(node.key, DEPENDS_ON)],
    }


# ---------------------------------------------------------------------------------------------- factory


def create_app(build: Path) -> FastAPI:
    """The FastAPI app serving the build folder `build` (read at start; uploads update it)."""
    state = AppState(Path(build))
    env = _environment()

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()  # the Cypher connection; the embedded FalkorDB keeps running for the build

    app = FastAPI(title="plankg", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.plankg = state
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def lang_of(request: Request) -> str:
        return getattr(request.state, "lang", DEFAULT_LANG)

    def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        lang = lang_of(request)
        snap = state.snapshot()
        context.update(
            request=request,
            lang=lang,
            t=lambda text: translate(text, lang),
            label_name=lambda label: label_name(label, lang),
            status_name=lambda status: _status_name(status, lang),
            relation_name=lambda edge_type: _relation_name(edge_type, lang),
            other_lang="en" if lang == "vi" else "vi",
            lang_url=str(request.url.include_query_params(lang="en" if lang == "vi" else "vi")),
            sparql_missing=state.sparql_missing,
            node_name=lambda key: _node_name(snap.node(key), key),
        )
        body = env.get_template(template).render(**context)
        return HTMLResponse(body, status_code=status_code)

    def error_page(request: Request, status_code: int, message: str, title: str = "Lỗi") -> Response:
        path = request.url.path
        if path.startswith(("/api/", "/sparql")):
            if path.startswith("/api/"):
                return JSONResponse({"error": message}, status_code=status_code)
            return PlainTextResponse(message + "\n", status_code=status_code)
        try:
            return page(request, "error.html", status_code, title=title, message=message)
        except Exception:  # the error page itself failed: plain text, still no traceback
            log.exception("error page failed")
            return PlainTextResponse(message, status_code=status_code)

    # ------------------------------------------------------------------------------------ middleware

    @app.middleware("http")
    async def language_and_headers(request: Request, call_next: Any) -> Response:
        asked = request.query_params.get("lang")
        cookie = request.cookies.get(LANG_COOKIE)
        request.state.lang = asked if asked in LANGS else cookie if cookie in LANGS else DEFAULT_LANG
        response = await call_next(request)
        if asked in LANGS and asked != cookie:
            response.set_cookie(LANG_COOKIE, asked, max_age=365 * 86400, samesite="lax", httponly=True)
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/sparql"):
            headers.setdefault("X-Frame-Options", "SAMEORIGIN")
            headers.setdefault("Content-Security-Policy", PAGE_CSP)
        return response

    # ------------------------------------------------------------------------------------ errors

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        lang = lang_of(request)
        if exc.status_code == 404:
            message = translate("Không tìm thấy trang.", lang)
            if isinstance(exc.detail, str) and exc.detail not in ("Not Found", ""):
                message = exc.detail
        else:
            message = exc.detail if isinstance(exc.detail, str) else translate("Yêu cầu không hợp lệ.", lang)
        return error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        fields = sorted({str(e.get("loc", ("?",))[-1]) for e in exc.errors()})
        message = f"{translate('Yêu cầu không hợp lệ.', lang_of(request))} ({', '.join(fields)})"
        return error_page(request, 400, message)

    @app.exception_handler(consoles.EngineUnavailable)
    async def engine_missing(request: Request, exc: consoles.EngineUnavailable) -> Response:
        lang = lang_of(request)
        message = f"{translate('Mô-đun truy vấn chưa được cài đặt trong bản này:', lang)} {exc}"
        return error_page(request, 503, message, title="Chức năng chưa sẵn sàng")

    @app.exception_handler(PlankgError)
    async def user_error(request: Request, exc: PlankgError) -> Response:
        return error_page(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s", request.url.path, exc_info=exc)
        return error_page(
            request, 500, translate("Đã xảy ra lỗi nội bộ. Vui lòng thử lại.", lang_of(request))
        )

    # ------------------------------------------------------------------------------------ home, search

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        snap = state.snapshot()
        cited: Counter[str] = Counter()
        for key, edges in snap.into.items():
            cited[key] += sum(1 for e in edges if e.type in (CITES, DEPENDS_ON))
        legal = [
            (snap.graph.nodes[k], n)
            for k, n in cited.most_common(40)
            if k in snap.graph.nodes and snap.graph.nodes[k].label == LEGAL_DOCUMENT
        ][:10]
        lead: Counter[str] = Counter(e.source for e in snap.graph.edges if e.type == LEADS)
        agencies = [(snap.graph.nodes[k], n) for k, n in lead.most_common(10) if k in snap.graph.nodes]
        return page(
            request,
            "home.html",
            counts=snap.counts(),
            edges=len(snap.graph.edges),
            plans=snap.plans(),
            legal=legal,
            agencies=agencies,
        )

    @app.get("/search", response_class=HTMLResponse)
    def search_page(request: Request, q: str = "") -> Response:
        results = search(state.snapshot().entries, q) if q.strip() else {}
        order = [LEGAL_DOCUMENT, PLAN_DOCUMENT, AGENCY, TASK]
        groups = [(label, results[label]) for label in order if label in results]
        return page(request, "search.html", q=q, groups=groups, total=sum(len(h) for _, h in groups))

    @app.get("/api/search")
    def search_api(q: str = "") -> dict[str, Any]:
        results = search(state.snapshot().entries, q) if q.strip() else {}
        return {
            "query": q,
            "results": [
                {
                    "key": hit.entry.key,
                    "label": hit.entry.label,
                    "title": hit.entry.title,
                    "subtitle": hit.entry.subtitle,
                    "url": node_url(hit.entry.key),
                    "score": hit.score,
                }
                for hits in results.values()
                for hit in hits
            ],
        }

    @app.get("/healthz")
    def health() -> dict[str, Any]:
        snap = state.snapshot()
        return {
            "ok": True,
            "nodes": len(snap.graph.nodes),
            "edges": len(snap.graph.edges),
            "version": snap.version,
        }

    # ------------------------------------------------------------------------------------ legal document

    @app.get("/legal/{ident:path}", response_class=HTMLResponse)
    def legal_page(request: Request, ident: str) -> Response:
        from plankg.graph.impact import find_document, impact

        snap = state.snapshot()
        key = f"legal:{ident}"
        node = snap.node(key)
        if node is None or node.label != LEGAL_DOCUMENT:
            try:
                found = find_document(snap.graph, ident)
            except InputError as exc:
                raise HTTPException(404, str(exc)) from exc
            return RedirectResponse(node_url(found), status_code=303)
        validity = snap.validity
        status = validity.status_as_of(key)
        timeline = validity.timeline(key).changes
        relations = []
        for edge in snap.edges_out(key):
            if edge.type in RELATION_EDGE_TYPES:
                relations.append({"edge": edge, "outgoing": True, "other": edge.target})
        for edge in snap.edges_in(key):
            if edge.type in RELATION_EDGE_TYPES or edge.type == SAME_AS:
                relations.append({"edge": edge, "outgoing": False, "other": edge.source})
        citing = [
            {"edge": e, "plan": snap.node(e.source)}
            for e in snap.edges_in(key, CITES)
            if snap.node(e.source) is not None
        ]
        own_plans = [snap.node(e.source) for e in snap.edges_in(key, SAME_AS)]
        report = impact(snap.graph, key, g=snap.nx)
        return page(
            request,
            "legal.html",
            node=node,
            key=key,
            status=status,
            timeline=timeline,
            relations=relations,
            citing=citing,
            own_plans=[p for p in own_plans if p is not None],
            direct=report.direct,
            inherited=report.inherited,
            display_id=report.document_id,
            events=EVENTS,
        )

    # ------------------------------------------------------------------------------------ impact

    def run_impact(document: str, event: str, date: str, what_if: str, depth: int) -> Any:
        from plankg.graph.impact import impact

        snap = state.snapshot()
        if event and event not in EVENTS:
            raise InputError(f"unknown event {event!r}")
        return impact(
            snap.graph,
            document,
            event=event or None,
            date=date.strip() or None,
            depth=max(0, min(depth, MAX_DEPTH)),
            what_if=what_if.strip() or None,
            g=snap.nx,
        )

    @app.get("/impact", response_class=HTMLResponse)
    def impact_page(
        request: Request,
        document: str = "",
        event: str = "",
        date: str = "",
        what_if: str = "",
        depth: int = 3,
    ) -> Response:
        if not document.strip():
            raise InputError("give a legal document id, e.g. 107/2020/NĐ-CP")
        report = run_impact(document, event, date, what_if, depth)
        by_key = {task.key: task for task in report.tasks}
        by_province: dict[str, list[Any]] = defaultdict(list)
        for task in report.tasks:
            by_province[task.province or "—"].append(task)
        agencies = [
            {**row, "task_list": [by_key[k] for k in row["tasks"] if k in by_key]} for row in report.by_agency
        ]
        params = {
            "document": report.document_id,
            "event": event,
            "date": date,
            "what_if": what_if,
            "depth": depth,
        }
        return page(
            request,
            "impact.html",
            report=report,
            by_province=sorted(by_province.items(), key=lambda item: (-len(item[1]), item[0])),
            agencies=agencies,
            params=params,
            events=EVENTS,
        )

    @app.get("/impact/download")
    def impact_download(
        document: str = "",
        event: str = "",
        date: str = "",
        what_if: str = "",
        depth: int = 3,
        format: str = "csv",
    ) -> Response:
        from plankg.graph.reports import render_impact
        from plankg.web.uploads import download_name

        if format not in ("csv", "html"):
            raise InputError("format must be csv or html")
        report = run_impact(document, event, date, what_if, depth)
        body = render_impact(report, format)
        media = "text/csv; charset=utf-8" if format == "csv" else "text/html; charset=utf-8"
        if format == "csv":
            body = "\ufeff" + body  # so spreadsheet programs read UTF-8
        name = download_name(f"impact-{report.document_id}", f".{format}")
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if format == "html":
            headers["Content-Security-Policy"] = VIZ_CSP
        return Response(body, media_type=media, headers=headers)

    # ------------------------------------------------------------------------------------ agency

    @app.get("/agency/{ident:path}", response_class=HTMLResponse)
    def agency_page(request: Request, ident: str) -> Response:
        snap = state.snapshot()
        key = f"agency:{ident}"
        node = snap.node(key)
        if node is None or node.label not in (AGENCY, AGENCY_GROUP):
            raise HTTPException(404, f"no agency {ident}")
        lead, cooperate = snap.tasks_of_agency(key)
        quarters: dict[str, Counter[str]] = defaultdict(Counter)
        for role, tasks in (("lead", lead), ("cooperate", cooperate)):
            for task in tasks:
                quarters[quarter_of(task.props.get("deadline_end")) or "?"][role] += 1
        lang = lang_of(request)
        unscheduled = translate("chưa xác định", lang)
        bars = [Bar(q, c["lead"], c["cooperate"]) for q, c in sorted(quarters.items()) if q != "?"]
        if "?" in quarters:
            bars.append(Bar(unscheduled, quarters["?"]["lead"], quarters["?"]["cooperate"]))
        chart = quarter_chart(
            bars,
            title=translate("Số nhiệm vụ theo quý hết hạn", lang),
            lead_label=translate("Chủ trì", lang),
            cooperate_label=translate("Phối hợp", lang),
        )
        partners: Counter[str] = Counter()
        for task in (*lead, *cooperate):
            for edge in snap.edges_in(task.key, LEADS, COOPERATES_ON):
                if edge.source != key:
                    partners[edge.source] += 1
        return page(
            request,
            "agency.html",
            node=node,
            lead=[_task_row(snap, t) for t in lead],
            cooperate=[_task_row(snap, t) for t in cooperate],
            chart=chart,
            bars=bars,
            partners=[(snap.node(k), n) for k, n in partners.most_common(30) if snap.node(k) is not None],
        )

    # ------------------------------------------------------------------------------------ plan, task

    @app.get("/plan/{ident:path}", response_class=HTMLResponse)
    def plan_page(request: Request, ident: str) -> Response:
        from plankg.web.documents import load_plan_text

        snap = state.snapshot()
        key = f"doc:{ident}"
        node = snap.node(key)
        if node is None or node.label != PLAN_DOCUMENT:
            raise HTTPException(404, f"no plan document {ident}")
        source = load_plan_text(state.build, node)
        spans = [
            Highlight(m.start, m.end, m.ref_id, node_url(m.key) if m.key in snap.graph.nodes else None)
            for m in source.mentions
        ]
        text_html, drawn = highlight_text(source.text, spans) if source.text is not None else (Markup(""), 0)
        tasks = sorted(
            (snap.node(e.source) for e in snap.edges_in(key, PART_OF)),
            key=lambda n: (n.props.get("source_start") or 0, n.key) if n else (0, ""),
        )
        own = [snap.node(e.target) for e in snap.edges_out(key, SAME_AS)]
        return page(
            request,
            "plan.html",
            node=node,
            source=source,
            text_html=text_html,
            drawn=drawn,
            tasks=[_task_row(snap, t) for t in tasks if t is not None],
            own=[o for o in own if o is not None],
        )

    @app.get("/task/{ident:path}", response_class=HTMLResponse)
    def task_page(request: Request, ident: str) -> Response:
        snap = state.snapshot()
        key = f"task:{ident}"
        node = snap.node(key)
        if node is None or node.label != TASK:
            raise HTTPException(404, f"no task {ident}")
        row = _task_row(snap, node)
        activities = [snap.node(e.target) for e in snap.edges_out(key, HAS_ACTIVITY)]
        products = [snap.node(e.target) for e in snap.edges_out(key, HAS_PRODUCT)]
        targets = [snap.node(e.target) for e in snap.edges_out(key, SERVES)]
        return page(
            request,
            "task.html",
            node=node,
            row=row,
            activities=[a for a in activities if a],
            products=[p for p in products if p],
            targets=[t for t in targets if t],
        )

    # ------------------------------------------------------------------------------------ graph explorer

    @app.get("/graph", response_class=HTMLResponse)
    def graph_page(
        request: Request, focus: str = "", depth: int = 2, province: str = "", max_nodes: int = 1500
    ) -> Response:
        snap = state.snapshot()
        provinces = sorted(
            {str(n.props["name"]) for n in snap.nodes_by_label("Province") if n.props.get("name")}
        )
        params = {
            "focus": focus.strip(),
            "depth": max(0, min(depth, 6)),
            "province": province.strip(),
            "max_nodes": max(10, min(max_nodes, 5000)),
        }
        view = "/graph/view?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})
        return page(request, "graph.html", params=params, provinces=provinces, view_url=view)

    @app.get("/graph/view", response_class=HTMLResponse)
    def graph_view(focus: str = "", depth: int = 2, province: str = "", max_nodes: int = 1500) -> Response:
        from plankg.graph.viz import render_html, select_subgraph

        snap = state.snapshot()
        depth = max(0, min(depth, 6))
        selection = select_subgraph(
            snap.graph,
            focus=focus.strip() or None,
            depth=depth,
            province=province.strip() or None,
            max_nodes=max(10, min(max_nodes, 5000)),
        )
        body = render_html(
            snap.graph,
            selection,
            title="plankg",
            focus=focus.strip() or None,
            depth=depth,
            province=province.strip() or None,
        )
        return HTMLResponse(body, headers={"Content-Security-Policy": VIZ_CSP})

    # ------------------------------------------------------------------------------------ named queries

    @app.get("/queries", response_class=HTMLResponse)
    def queries_page(request: Request) -> Response:
        return page(request, "queries.html", queries=list(consoles.named_queries().values()))

    @app.get("/queries/{name}", response_class=HTMLResponse)
    def named_query_page(request: Request, name: str) -> Response:
        query = consoles.named_query(name)
        args = request.query_params
        engine = args.get("engine") or (query.engines[0] if query.engines else "sparql")
        limit = consoles.clamp_limit(args.get("limit"))
        given = {p.name: args.get(p.name, "") for p in query.params}
        result = None
        if args.get("run") or args.get("format") == "csv":
            result = consoles.run_named(state, query, engine, given, limit, consoles.DEFAULT_TIMEOUT_S)
            if args.get("format") == "csv":
                return _csv_response(result.columns, result.rows, f"{name}-{engine}")
        csv_params = {**given, "engine": engine, "limit": limit, "format": "csv"}
        return page(
            request,
            "query.html",
            query=query,
            engine=engine,
            given=given,
            limit=limit,
            result=result,
            csv_url=f"/queries/{quote(name)}?" + urlencode(csv_params),
        )

    # ------------------------------------------------------------------------------------ consoles

    def console(request: Request, engine: str) -> Response:
        args = request.query_params
        query = args.get("query", "")
        params_text = args.get("params", "")
        limit = consoles.clamp_limit(args.get("limit"))
        timeout = consoles.clamp_timeout(args.get("timeout"))
        result = None
        if query.strip():
            params = _params_text(params_text)
            runner = consoles.run_sparql_text if engine == "sparql" else consoles.run_cypher_text
            result = runner(state, query, params, limit, timeout)
            if args.get("format") == "csv":
                return _csv_response(result.columns, result.rows, f"{engine}-results")
        csv_params = {
            "query": query,
            "params": params_text,
            "limit": limit,
            "timeout": timeout,
            "format": "csv",
        }
        return page(
            request,
            "console.html",
            engine=engine,
            query=query or (EXAMPLE_SPARQL if engine == "sparql" else EXAMPLE_CYPHER),
            ran=bool(query.strip()),
            params_text=params_text,
            limit=limit,
            timeout=timeout,
            result=result,
            csv_url=f"/console/{engine}?" + urlencode(csv_params),
        )

    @app.get("/console/sparql", response_class=HTMLResponse)
    def sparql_console(request: Request) -> Response:
        return console(request, "sparql")

    @app.get("/console/cypher", response_class=HTMLResponse)
    def cypher_console(request: Request) -> Response:
        return console(request, "cypher")

    # ------------------------------------------------------------------------------------ /sparql protocol

    @app.api_route("/sparql", methods=["GET", "POST", "OPTIONS"])
    async def sparql_endpoint(request: Request) -> Response:
        cors = {
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Accept",
        }
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=cors)
        query = request.query_params.get("query")
        if request.query_params.get("update") is not None:
            return PlainTextResponse(
                "This endpoint is read-only: SPARQL Update is refused.\n", 403, headers=cors
            )
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return PlainTextResponse(
                    "This endpoint is read-only: SPARQL Update is refused.\n", 403, headers=cors
                )
            if content_type == "application/sparql-query":
                body = await request.body()
                if len(body) > 1_000_000:
                    return PlainTextResponse("query too long\n", 413, headers=cors)
                query = body.decode("utf-8", "replace")
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.form(max_files=0, max_fields=20)
                if form.get("update") is not None:
                    return PlainTextResponse(
                        "This endpoint is read-only: SPARQL Update is refused.\n", 403, headers=cors
                    )
                value = form.get("query")
                query = value if isinstance(value, str) else query
            else:
                return PlainTextResponse(
                    "POST a query as application/sparql-query or a form field 'query'\n", 415, headers=cors
                )
        if not query:
            if "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/console/sparql", status_code=303)
            return PlainTextResponse("missing 'query' parameter (SPARQL 1.1 Protocol)\n", 400, headers=cors)
        accept = request.headers.get("accept")
        explicit = request.query_params.get("format")

        def pick(graph_form: bool) -> str | None:
            return consoles.negotiate(accept, graph_form, explicit)

        try:
            body, media = await run_in_threadpool(consoles.protocol_query, state, query, pick)
        except LookupError:
            return PlainTextResponse(
                "no acceptable result format for this Accept header\n", 406, headers=cors
            )
        except QueryError as exc:
            status_code = 403 if "update" in str(exc).lower() else 400
            return PlainTextResponse(f"{exc}\n", status_code, headers=cors)
        return Response(body, media_type=f"{media}; charset=utf-8", headers=cors)

    # ------------------------------------------------------------------------------------ upload

    @app.get("/upload", response_class=HTMLResponse)
    def upload_form(request: Request) -> Response:
        from plankg.web.uploads import MAX_UPLOAD_BYTES

        return page(request, "upload.html", report=None, max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))

    @app.post("/upload", response_class=HTMLResponse)
    async def upload_post(request: Request) -> Response:
        from starlette.datastructures import UploadFile

        from plankg.web.uploads import MAX_UPLOAD_BYTES, UploadRefused, add_document

        origin = request.headers.get("origin")
        if origin and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
            raise HTTPException(403, "cross-site upload refused")
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        if length > MAX_UPLOAD_BYTES + 256 * 1024:
            raise UploadRefused(f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise UploadRefused("choose a file to upload")
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        await upload.close()
        report = await run_in_threadpool(add_document, state, upload.filename or "", data)
        return page(request, "upload.html", report=report, max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))

    return app


def _status_name(status: str, lang: str) -> str:
    from plankg.graph.validity import STATUS_LABELS_VI

    if lang == "en":
        return STATUS_EN.get(status, status)
    return STATUS_LABELS_VI.get(status, status)


def _relation_name(edge_type: str, lang: str) -> str:
    vi, en = RELATION_NAMES.get(edge_type, (edge_type, edge_type))
    return en if lang == "en" else vi
