"""The movement's models, each in its own module of this package.

The article names the models that spread digital skills across a province:
the "Đại lý số" network of digital agents, "Chợ số – nông dân số" (digital
markets and farmers selling online), the "Gia đình số" (digital family)
movement, "Mỗi công dân – một danh tính số" (every citizen, one digital
identity) and the Youth Union's campaigns. Provinces name and define them
differently, so names, criteria and services are data per province, not code.
Each programme lives in ``hocvuso/programmes/<programme>/`` with its own
models, services, selectors, access, views and tests; this module only gathers
their models so Django finds them.
"""

from hocvuso.programmes.agents.models import (  # noqa: F401 (gathered for Django)
    AgentKind,
    AgentService,
    DigitalAgent,
    HamletCentre,
    HelpLog,
)
