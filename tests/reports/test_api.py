"""The JSON endpoints: errors are JSON with the right status, the autocomplete is scoped, OpenAPI matches."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from reports import openapi
from reports.forms import TotalsForm
from tests.factories import category, make_activity, make_organization, make_team
from tests.personas import PersonasMixin, make_user

TOTALS = reverse("reports:api_totals")
OPENAPI = reverse("reports:api_openapi")


def choices_url(kind):
    return reverse("reports:api_choices", args=[kind])


CHOICES = choices_url("kind").replace("/kind/", "/{kind}/")  # as OpenAPI writes a path parameter


TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "null": lambda v: v is None,
}


def resolve(document, schema):
    while "$ref" in schema:
        node = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def problems(document, value, schema, where="$"):
    """What in ``value`` breaks ``schema`` (the JSON Schema words the description uses), as a list."""
    schema = resolve(document, schema)
    found = []
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        if not any(TYPES[t](value) for t in types):
            return [f"{where}: {value!r} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{where}: {name} missing")
        properties = schema.get("properties", {})
        for name, item in value.items():
            if name in properties:
                found += problems(document, item, properties[name], f"{where}.{name}")
            elif isinstance(schema.get("additionalProperties"), dict):
                found += problems(document, item, schema["additionalProperties"], f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += problems(document, item, schema["items"], f"{where}[{i}]")
    return found


class ApiTestsBase(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.deep_team = make_team(cls.community_a, "西站东社区红马甲志愿服务队")
        cls.other_team = make_team(cls.community_b, "西站西社区志愿服务队")
        cls.branch = make_organization(cls.community_a, "西站东社区党支部")
        make_activity(cls.community_a, volunteers=2000, volunteer_hours=Decimal("3000"), team=cls.deep_team)
        make_activity(cls.community_b, volunteers=112)
        cls.admin = get_user_model().objects.create_superuser("root", password="x")
        cls.nobody = make_user("nobody", None)

    def get(self, user, url, **params):
        if user is not None:
            self.client.force_login(user)
        return self.client.get(url, params)

    def assertJsonError(self, response, status, field, message):
        self.assertEqual(response.status_code, status)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json(), {"errors": {field: [message]}})


class TotalsErrorTests(ApiTestsBase):
    def test_not_logged_in_is_a_json_403_not_a_login_redirect(self):
        self.assertJsonError(self.client.get(TOTALS, {"region": self.district.code}), 403, "__all__", "请先登录。")

    def test_a_region_outside_the_scope_or_unknown_is_a_json_404(self):
        message = "您的管辖范围内没有这个区域。"
        self.assertJsonError(self.get(self.clerk_b, TOTALS, region=self.community_a.code), 404, "region", message)
        self.assertJsonError(self.get(self.manager, TOTALS, region=self.other_district.code), 404, "region", message)
        self.assertJsonError(self.get(self.manager, TOTALS, region="440399"), 404, "region", message)
        self.assertJsonError(self.get(self.nobody, TOTALS), 404, "region", message)

    def test_bad_parameters_are_a_json_400_naming_each(self):
        response = self.get(self.manager, TOTALS, year="x", by="street", period="month")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(),
            {
                "errors": {
                    "year": ["输入整数。"],
                    "month": ["请选择月份。"],
                    "by": ["请选择 child、category、month 或 team。"],
                }
            },
        )

    def test_anything_but_get_is_a_json_405(self):
        self.client.force_login(self.manager)
        response = self.client.post(TOTALS)
        self.assertJsonError(response, 405, "__all__", "仅支持 GET 请求。")
        self.assertEqual(response["Allow"], "GET, HEAD")


class ChoicesTests(ApiTestsBase):
    def names(self, response):
        self.assertEqual(response.status_code, 200)
        return [row["name"] for row in response.json()["results"]]

    def test_a_district_manager_finds_community_level_teams(self):
        response = self.get(self.manager, choices_url("team"), q="红马甲")
        self.assertEqual(
            response.json()["results"],
            [
                {
                    "id": self.deep_team.pk,
                    "code": self.deep_team.code,
                    "name": "西站东社区红马甲志愿服务队",
                    "region": self.community_a.full_name,
                }
            ],
        )
        by_code = self.get(self.manager, choices_url("team"), q=self.other_team.code.lower())
        self.assertEqual(self.names(by_code), ["西站西社区志愿服务队"])
        self.assertEqual(
            self.names(self.get(self.manager, choices_url("organization"), q="党支部")), ["西站东社区党支部"]
        )

    def test_the_list_keeps_to_the_scope_and_the_region(self):
        self.assertEqual(self.names(self.get(self.clerk_b, choices_url("team"))), ["西站西社区志愿服务队"])
        narrowed = self.get(self.manager, choices_url("team"), region=self.community_b.code)
        self.assertEqual(self.names(narrowed), ["西站西社区志愿服务队"])
        self.assertJsonError(
            self.get(self.clerk_b, choices_url("team"), region=self.community_a.code),
            404,
            "region",
            "您的管辖范围内没有这个区域。",
        )

    def test_unknown_kinds_long_queries_and_anonymous_users_get_json_errors(self):
        self.assertJsonError(
            self.get(self.manager, choices_url("person")), 404, "kind", "请选择 team 或 organization。"
        )
        self.assertJsonError(self.get(self.manager, choices_url("team"), q="队" * 51), 400, "q", "最多输入50个字符。")
        self.client.logout()
        self.assertJsonError(self.client.get(choices_url("team")), 403, "__all__", "请先登录。")

    def test_the_autocomplete_query_count_is_pinned(self):
        self.client.force_login(self.manager)
        # 1 session, 2 user, 3 scope regions (the default region: no lookup), 4 the matches with their
        # regions, 5-7 the session's idle-timeout refresh
        with self.assertNumQueries(7):
            response = self.client.get(choices_url("team"), {"q": "志愿"})
        self.assertEqual(len(response.json()["results"]), 2)

    def test_the_dashboard_filters_point_at_the_autocomplete_and_load_its_script(self):
        response = self.get(self.manager, reverse("reports:dashboard"), region=self.subdistrict.code)
        self.assertContains(response, f'data-autocomplete="{choices_url("team")}?region={self.subdistrict.code}"')
        self.assertContains(
            response, f'data-autocomplete="{choices_url("organization")}?region={self.subdistrict.code}"'
        )
        self.assertContains(response, '<script src="/static/reports/autocomplete.js" defer></script>')
        self.assertNotContains(response, "<script>")


class OpenApiTests(ApiTestsBase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = openapi.document()

    def operation(self, path):
        return self.document["paths"][path]["get"]

    def check(self, path, response):
        """The response's status is one the description lists, and its body fits that status's schema."""
        responses = self.operation(path)["responses"]
        self.assertIn(str(response.status_code), responses, response.content)
        described = resolve(self.document, responses[str(response.status_code)])
        schema = described["content"]["application/json"]["schema"]
        self.assertEqual(problems(self.document, response.json(), schema), [])

    def test_the_description_is_served_as_json_to_anyone(self):
        response = self.client.get(OPENAPI)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), self.document)
        self.assertEqual(self.document["openapi"], "3.1.0")
        self.assertEqual(set(self.document["paths"]), {TOTALS, CHOICES})

    def test_it_describes_every_parameter_the_totals_endpoint_reads(self):
        described = {p["name"] for p in self.operation(TOTALS)["parameters"]}
        form_fields = set(TotalsForm.base_fields) - {"sort", "chart"}  # layout only: the API ignores them
        self.assertEqual(described, form_fields | {"region", "by"})

    def test_every_described_parameter_value_answers_as_described(self):
        for path, base in ((TOTALS, {"region": self.district.code}), (CHOICES, {})):
            for parameter in self.operation(path)["parameters"]:
                values = list(parameter["schema"].get("enum", []))
                if "example" in parameter:
                    values.append(parameter["example"])
                if not values:
                    values = [self.reference(parameter["name"])]
                self.assertTrue(values, parameter["name"])
                for value in values:
                    with self.subTest(parameter=parameter["name"], value=value):
                        if parameter["in"] == "path":
                            url, params = choices_url(value), {}
                        else:
                            url = path if "{" not in path else choices_url("team")
                            params = {**base, parameter["name"]: value}
                        response = self.get(self.manager, url, **params)
                        self.check(path, response)

    def reference(self, name):
        return {
            "region": self.district.code,
            "category": category().pk,
            "team": self.deep_team.pk,
            "organization": self.branch.pk,
        }[name]

    def test_a_figure_and_the_rows_fit_the_totals_schema(self):
        response = self.get(self.manager, TOTALS, region=self.subdistrict.code, year=2021, by="child")
        self.assertEqual(response.status_code, 200)
        self.check(TOTALS, response)
        self.assertEqual(response.json()["totals"]["volunteers"], 2112)
        self.assertEqual(
            problems(
                self.document,
                {"records": "many"},
                self.document["paths"][TOTALS]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            )[:1],
            ["$: region missing"],
        )

    def test_every_described_error_happens_and_fits_the_error_schema(self):
        self.check(TOTALS, self.client.get(TOTALS))  # 403
        self.check(TOTALS, self.get(self.manager, TOTALS, region=self.other_district.code))  # 404
        self.check(TOTALS, self.get(self.manager, TOTALS, year="1800"))  # 400
        self.check(TOTALS, self.client.post(TOTALS))  # 405
        for status in ("400", "403", "404", "405"):
            self.assertIn(status, self.operation(TOTALS)["responses"])
