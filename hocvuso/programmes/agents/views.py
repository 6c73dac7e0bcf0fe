"""Pages of the Đại lý số network: the staff register (list, add, edit, log
help, coverage) behind sign-in, and the public "where can I get help near
me" page of each commune, which needs neither an account nor JavaScript."""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.scope import Capability, can
from hocvuso.core.errors import NotFound, ServiceError
from hocvuso.programmes.agents import selectors, services
from hocvuso.programmes.agents.access import (
    access_agent,
    access_agent_for_help,
    agents_for_help,
    can_manage_agent,
    units_for_agents,
)
from hocvuso.programmes.agents.forms import AgentForm, HelpForm, NearbyForm, parse_day

SUMMARY_DAYS = 30


def _form_errors(form, error: ServiceError) -> None:
    form.add_error(None, error.message)
    for name, problems in error.fields.items():
        if name in form.fields:
            form.add_error(name, [str(p) for p in problems])


def _agent_form(request, *, units, agent=None):
    province = services.province_of(services.commune_of(units[0]))
    initial = None
    if agent is not None:
        initial = {
            "unit": agent.unit.code,
            "name": agent.name,
            "kind": str(agent.kind_id),
            "services": [str(s.pk) for s in agent.services.all()],
            "address": agent.address,
            "opening_hours": agent.opening_hours,
            "latitude": agent.latitude if agent.latitude is not None else "",
            "longitude": agent.longitude if agent.longitude is not None else "",
            "contact_name": agent.contact_name,
            "contact_phone": agent.contact_phone,
            "is_active": agent.is_active,
        }
    return AgentForm(
        request.POST or None,
        initial=initial,
        units=units,
        kinds=selectors.agent_kinds(province=province),
        services=selectors.agent_services(province=province),
        editing=agent is not None,
    )


@login_required
def agent_list(request):
    user = request.user
    own = list(agents_for_help(viewer=user).filter(account=user))
    if not can(user, Capability.VIEW_AGENTS) and not own:
        raise NotFound
    context = {
        "agents": selectors.agent_list(viewer=user),
        "own": own,
        "can_manage": can(user, Capability.MANAGE_AGENTS),
        "can_view": can(user, Capability.VIEW_AGENTS),
        "nav": "agents",
    }
    return render(request, "programmes/agents/agent_list.html", context)


@login_required
def agent_create(request):
    units = list(units_for_agents(viewer=request.user))
    if not units:
        raise NotFound
    form = _agent_form(request, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            agent = services.agent_create(actor=request.user, **form.chosen())
        except ServiceError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The agent was registered."))
            return redirect("programmes:agent-detail", agent_id=agent.pk)
    context = {"form": form, "nav": "agents"}
    return render(request, "programmes/agents/agent_form.html", context)


@login_required
def agent_detail(request, agent_id):
    agent = access_agent(viewer=request.user, agent_id=agent_id)
    since = timezone.localdate() - datetime.timedelta(days=SUMMARY_DAYS - 1)
    context = {
        "agent": agent,
        "totals": selectors.help_totals(agent=agent, since=since),
        "recent": selectors.help_recent(agent=agent),
        "days": SUMMARY_DAYS,
        "can_manage": can_manage_agent(viewer=request.user, agent=agent),
        "nav": "agents",
    }
    return render(request, "programmes/agents/agent_detail.html", context)


@login_required
def agent_edit(request, agent_id):
    agent = access_agent(viewer=request.user, agent_id=agent_id, manage=True)
    units = list(
        units_for_agents(viewer=request.user).filter(path__under=agent.commune.path)
    )
    form = _agent_form(request, units=units, agent=agent)
    if request.method == "POST" and form.is_valid():
        try:
            services.agent_update(actor=request.user, agent=agent, **form.chosen())
        except ServiceError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("programmes:agent-detail", agent_id=agent.pk)
    context = {"form": form, "agent": agent, "nav": "agents"}
    return render(request, "programmes/agents/agent_form.html", context)


@login_required
def agent_help(request, agent_id):
    agent = access_agent_for_help(viewer=request.user, agent_id=agent_id)
    offered = list(agent.services.order_by("position"))
    if request.method == "POST":
        form = HelpForm(request.POST, services=offered)
    else:
        day = parse_day(request.GET.get("day"))
        logged = selectors.help_day(agent=agent, day=day)
        form = HelpForm(
            initial={
                "day": day,
                **{f"service_{s.pk}": logged.get(s.pk, 0) for s in offered},
            },
            services=offered,
        )
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["day"]
        try:
            services.help_log_record(
                actor=request.user, agent=agent, day=day, counts=form.counts()
            )
        except ServiceError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved the help given on %(day)s.")
                % {"day": day.strftime("%d/%m/%Y")},
            )
            url = reverse("programmes:agent-help", kwargs={"agent_id": agent.pk})
            return redirect(f"{url}?day={day.isoformat()}")
    context = {"agent": agent, "form": form, "nav": "agents"}
    return render(request, "programmes/agents/agent_help.html", context)


@login_required
def coverage(request):
    if not can(request.user, Capability.VIEW_AGENTS):
        raise NotFound
    rows = selectors.coverage_for(viewer=request.user)
    context = {"rows": rows, "nav": "agents"}
    return render(request, "programmes/agents/coverage.html", context)


@login_required
def coverage_csv(request):
    if not can(request.user, Capability.VIEW_AGENTS):
        raise NotFound
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="do-phu-dai-ly-so.csv"'
    response.write("\ufeff")  # so Excel reads the Vietnamese letters
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Code"),
            _("Commune"),
            _("Agents"),
            _("People"),
            _("Per 10,000 people"),
            _("Hamlets"),
            _("Hamlets with no agent"),
        ]
    )
    for row in selectors.coverage_for(viewer=request.user):
        writer.writerow(
            [
                row.commune.code,
                row.commune.name,
                row.agents,
                row.people,
                "" if row.per_10k is None else str(row.per_10k).replace(".", ","),
                len(row.hamlets),
                "; ".join(h.name for h in row.hamlets_without_agent),
            ]
        )
    return response


# Public -----------------------------------------------------------------------


def nearby_index(request):
    query = request.GET.get("q", "")[:100]
    context = {
        "communes": selectors.communes_with_agents(query=query),
        "query": query,
    }
    return render(request, "programmes/agents/nearby_index.html", context)


def nearby(request, code, hamlet_code=None):
    commune = selectors.commune_public(code)
    if commune is None:
        raise NotFound
    hamlets = selectors.commune_hamlets(commune=commune)
    offered = selectors.agent_services(province=commune.parent)
    data = request.GET.copy()
    if hamlet_code:
        data.setdefault("hamlet", hamlet_code)
    form = NearbyForm(data, hamlets=hamlets, services=offered)
    hamlet = service = None
    if form.is_valid():
        hamlet = form.hamlets.get(form.cleaned_data["hamlet"])
        service = form.services_by_code.get(form.cleaned_data["service"])
    context = {
        "commune": commune,
        "form": form,
        "hamlet": hamlet,
        "service": service,
        "found": selectors.agents_nearby(
            commune=commune, hamlet=hamlet, service=service
        ),
    }
    return render(request, "programmes/agents/nearby.html", context)
