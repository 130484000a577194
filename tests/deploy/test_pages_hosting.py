"""The pages as template.yaml hosts them: the same security headers as the local web server,
the CloudFront function that routes paths and writes /config.js, and the upload to S3."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local.api_gateway import read_template
from tools.pages import config_js, content_security_policy, publish, security_headers, write_site

STACK = {
    "ChatApi": "abc123",
    "AWS::Region": "eu-west-1",
    "AWS::URLSuffix": "amazonaws.com",
    "StageName": "prod",
    "SupabaseUrl": "https://proj.supabase.co",
    "SupabasePublishableKey": "sb_publishable_abc",
    "CustomerWelcomeLine": "Hi! We're here: ask us anything.",
    "CustomerClosedLine": "To talk to us again, write to help@example.com.",
    "VapidPublicKey": "BCkVw-JGT1QWdx5NvsQc2NtAtDD4I7leZrYGKw4Yy22KrSrIEaXc3LFo9BWQdyPKeSg9MzrG_9cR4ODr8vCnfZs",
    "AttachmentsBucket.RegionalDomainName": "files-bucket.s3.eu-west-1.amazonaws.com",
}
API_URL = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"
FILES_URL = "https://files-bucket.s3.eu-west-1.amazonaws.com"


def _sub(value: Any) -> str:
    """A !Sub rendered with the STACK's values (and the inline variables of its list form)."""
    text, variables = (value[0], value[1]) if isinstance(value, list) else (value, {})
    names = dict(STACK)
    for name, expression in variables.items():  # only !Select [2, !Split ["/", !Ref X]] is used
        (index, (split,)) = expression["Select"][0], [expression["Select"][1]["Split"]]
        names[name] = STACK[split[1]["Ref"]].split(split[0])[index]
    return re.sub(r"\$\{([^}]+)\}", lambda m: names[m.group(1)], text)


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    return read_template()["Resources"]


def test_cloudfront_sends_the_same_security_headers_as_the_local_web_server(resources):
    config = resources["PagesResponseHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    hsts = config["StrictTransportSecurity"]

    deployed = {
        "Content-Security-Policy": _sub(resources["PagesPolicy"]["Properties"]["Value"]["Sub"]),
        "Strict-Transport-Security": f"max-age={hsts['AccessControlMaxAgeSec']}"
        + ("; includeSubDomains" if hsts["IncludeSubdomains"] else "")
        + ("; preload" if hsts["Preload"] else ""),
        "X-Content-Type-Options": "nosniff" if config["ContentTypeOptions"] else "",
        "X-Frame-Options": config["FrameOptions"]["FrameOption"],
        "Referrer-Policy": config["ReferrerPolicy"]["ReferrerPolicy"],
    }

    assert deployed == security_headers(content_security_policy(API_URL, STACK["SupabaseUrl"], FILES_URL))
    # one policy, kept once: the widget's frame (the API) reads the same parameter
    assert config["ContentSecurityPolicy"]["ContentSecurityPolicy"] == {"GetAtt": "PagesPolicy.Value"}
    assert all(header["Override"] for header in config.values())


def _run_router(resources, uri: str, querystring: dict[str, Any] | None = None) -> dict[str, Any]:
    """The PagesRouter CloudFront function, run in Node on a viewer-request event."""
    code = _sub(resources["PagesRouter"]["Properties"]["FunctionCode"]["Sub"])
    event = {"version": "1.0", "request": {"method": "GET", "uri": uri, "querystring": querystring or {}}}
    script = f"{code}\nprocess.stdout.write(JSON.stringify(handler({json.dumps(event)})));"
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def test_the_config_file_is_written_at_deploy_time_from_the_stacks_values(resources):
    response = _run_router(resources, "/config.js")

    assert response["statusCode"] == 200
    assert response["headers"]["content-type"]["value"].startswith("text/javascript")
    assert response["headers"]["cache-control"]["value"] == "no-store"
    assert response["body"]["data"] == config_js(
        API_URL,
        STACK["SupabaseUrl"],
        STACK["SupabasePublishableKey"],
        STACK["CustomerWelcomeLine"],
        STACK["CustomerClosedLine"],
        STACK["VapidPublicKey"],
    )


@pytest.mark.parametrize(
    ("uri", "served"),
    [
        ("/chat", "/chat/index.html"),
        ("/chat/", "/chat/index.html"),
        ("/admin", "/admin/index.html"),
        ("/admin/", "/admin/index.html"),
        ("/shared/api.js", "/shared/api.js"),
        ("/vendor/preact.mjs", "/vendor/preact.mjs"),
    ],
)
def test_page_paths_serve_their_page_and_keep_the_query(resources, uri, served):
    request = _run_router(resources, uri, {"chatId": {"value": "c1"}})

    assert request["uri"] == served
    assert request["querystring"] == {"chatId": {"value": "c1"}}


def test_the_widgets_frame_comes_from_the_api_uncached_with_the_site_key(resources):
    # Given the distribution's behaviour for /widget
    config = resources["PagesDistribution"]["Properties"]["DistributionConfig"]
    behaviour = next(b for b in config["CacheBehaviors"] if b["PathPattern"] == "widget")
    origin = next(o for o in config["Origins"] if o["Id"] == behaviour["TargetOriginId"])

    # Then it goes to the API's stage, at the frame's route, with the query and no caching
    assert origin["DomainName"] == {"Sub": "${ChatApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}
    assert origin["OriginPath"] == {"Sub": "/${StageName}"}
    assert behaviour["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # Managed-CachingDisabled
    request = _run_router(resources, "/widget", {"site": {"value": "site_abc"}})
    assert request["uri"] == "/chat-session/widget" and request["querystring"] == {"site": {"value": "site_abc"}}
    # And its headers policy leaves the frame's CSP (the API's, per site) alone and denies no framing
    headers = resources[behaviour["ResponseHeadersPolicyId"]["Ref"]]["Properties"]["ResponseHeadersPolicyConfig"]
    assert not {"ContentSecurityPolicy", "FrameOptions"} & headers["SecurityHeadersConfig"].keys()


def test_the_site_root_goes_to_the_dashboard(resources):
    response = _run_router(resources, "/")

    assert response["statusCode"] == 302 and response["headers"]["location"]["value"] == "/admin/"


def test_the_bucket_is_private_encrypted_and_read_only_by_the_distribution(resources):
    bucket = resources["PagesBucket"]["Properties"]
    statements = resources["PagesBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    origin = resources["PagesDistribution"]["Properties"]["DistributionConfig"]["Origins"][0]

    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    allow = next(s for s in statements if s["Effect"] == "Allow")
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert "${PagesDistribution}" in allow["Condition"]["StringEquals"]["AWS:SourceArn"]["Sub"]
    assert origin["OriginAccessControlId"] == {"GetAtt": "PagesOriginAccess.Id"}


@pytest.fixture
def bucket():
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="pages")
        yield s3


def test_publishing_uploads_every_page_file_with_its_type_and_removes_stale_ones(bucket, tmp_path):
    # Given a bucket holding a file an older site had
    bucket.put_object(Bucket="pages", Key="shared/removed.js", Body=b"old")
    site = tmp_path / "site"
    write_site(site)

    # When the site is published
    counts = publish(site, "pages", bucket)

    # Then every file is there with its type and revalidation, and nothing else
    keys = {item["Key"] for item in bucket.list_objects_v2(Bucket="pages")["Contents"]}
    assert keys == {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"admin/index.html", "chat/index.html", "vendor/supabase.js", "shared/styles.css"} <= keys
    assert "config.js" not in keys and counts == {"uploaded": len(keys), "deleted": 1}
    page = bucket.head_object(Bucket="pages", Key="chat/index.html")
    script = bucket.head_object(Bucket="pages", Key="vendor/preact.mjs")
    assert page["ContentType"] == "text/html; charset=utf-8" and page["CacheControl"] == "no-cache"
    assert script["ContentType"] == "text/javascript; charset=utf-8"


@pytest.mark.parametrize("parameter", ["CustomerWelcomeLine", "CustomerClosedLine"])
@pytest.mark.parametrize(
    ("line", "allowed"), [("We'll reply within the hour.", True), ('say "hi"', False), ("a\\b", False), ("a\nb", False)]
)
def test_the_customer_lines_cannot_break_out_of_the_routers_string(parameter, line, allowed):
    # CloudFormation matches AllowedPattern against the whole value
    pattern = read_template()["Parameters"][parameter]["AllowedPattern"]

    assert bool(re.fullmatch(pattern, line)) is allowed
