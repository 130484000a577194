"""A function's environment as AWS builds it: template.yaml's `Globals` variables and the
function's own `Environment`, each value resolved as CloudFormation resolves it (!Ref of a
parameter: the value given, else its Default; !Ref of a resource: what it names in this
deployment; !Sub; !If on the template's Conditions), then what the Lambda runtime adds. Nothing
else: a variable the template gives one function is missing in another, here as in AWS.

Supported: the intrinsics template.yaml uses in environments (Ref, Sub, If, and Equals, Not,
And, Or, Condition in Conditions); anything else raises, so a template that grows one fails
loudly here rather than deploying something the local stack never ran."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

REGION = "us-east-1"
ACCOUNT_ID = "000000000000"


@dataclass(frozen=True)
class Deployment:
    """What a deployment of the template sets: its stack name, parameter values (the rest keep
    their Default) and what each resource's !Ref names (a bucket's name, a key's id)."""

    stack_name: str
    parameters: Mapping[str, str] = field(default_factory=dict)
    resources: Mapping[str, str] = field(default_factory=dict)

    def pseudo(self) -> dict[str, str]:
        return {
            "AWS::StackName": self.stack_name,
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }


class _Resolver:
    def __init__(self, template: Mapping[str, Any], deployment: Deployment) -> None:
        self.template, self.deployment = template, deployment

    def ref(self, name: str) -> str:
        pseudo = self.deployment.pseudo()
        if name in pseudo:
            return pseudo[name]
        if name in self.deployment.parameters:
            return self.deployment.parameters[name]
        parameter = (self.template.get("Parameters") or {}).get(name)
        if parameter is not None:
            if "Default" not in parameter:
                raise ValueError(f"parameter {name} has no Default and this deployment gives it no value")
            return _text(parameter["Default"])
        if name in self.deployment.resources:
            return self.deployment.resources[name]
        raise ValueError(f"!Ref {name}: neither a parameter nor a resource this deployment names")

    def condition(self, expression: Any) -> bool:
        (function, argument), *rest = expression.items()
        if rest:
            raise ValueError(f"a condition is one function: {expression}")
        if function == "Equals":
            left, right = (self.value(part) for part in argument)
            return left == right
        if function == "Not":
            return not self.condition(argument[0])
        if function == "And":
            return all(self.condition(part) for part in argument)
        if function == "Or":
            return any(self.condition(part) for part in argument)
        if function == "Condition":
            return self.named_condition(argument)
        raise ValueError(f"unsupported condition function {function}")

    def named_condition(self, name: str) -> bool:
        return self.condition((self.template.get("Conditions") or {})[name])

    def sub(self, argument: Any) -> str:
        text, variables = (argument, {}) if isinstance(argument, str) else argument

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in variables:
                return self.value(variables[name])
            if "." in name:
                raise ValueError(f"!Sub ${{{name}}}: attributes are not supported here")
            return self.ref(name)

        return re.sub(r"\$\{([^}!]+)\}", replace, text)

    def value(self, node: Any) -> str:
        if not isinstance(node, dict):
            return _text(node)
        (function, argument), *rest = node.items()
        if rest:
            raise ValueError(f"a value is a scalar or one intrinsic: {node}")
        if function == "Ref":
            return self.ref(argument)
        if function == "Sub":
            return self.sub(argument)
        if function == "If":
            name, when_true, when_false = argument
            return self.value(when_true if self.named_condition(name) else when_false)
        raise ValueError(f"unsupported intrinsic {function} in an environment")


def _text(value: Any) -> str:
    """How CloudFormation hands a scalar to Lambda: a string (true/false in lower case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def function_environment(template: Mapping[str, Any], function_name: str, deployment: Deployment) -> dict[str, str]:
    """The variables template.yaml gives `function_name`: Globals', then its own over them."""
    global_variables = ((template.get("Globals") or {}).get("Function") or {}).get("Environment", {})
    function = template["Resources"][function_name]["Properties"]
    own_variables = (function.get("Environment") or {}).get("Variables") or {}
    resolver = _Resolver(template, deployment)
    variables = {**(global_variables.get("Variables") or {}), **own_variables}
    return {name: resolver.value(value) for name, value in variables.items()}
