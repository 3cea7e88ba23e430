"""Prints a template after its transforms (AWS::LanguageExtensions, then SAM), as JSON.

cfn-lint carries the SAM translator (aws-sam-translator) and runs it the way CloudFormation
runs the transforms, so this is what the stack would be made of, without AWS.
Usage: python3 sam-expand.py TEMPLATE [REGION]
"""
import json
import sys

from cfnlint.decode import decode
from cfnlint.template import Template

template, problems = decode(sys.argv[1])
if problems:
    sys.exit("\n".join(str(p) for p in problems))
expanded = Template(sys.argv[1], template, [sys.argv[2] if len(sys.argv) > 2 else "us-east-1"])
problems = expanded.transform()
if problems:
    sys.exit("\n".join(str(p) for p in problems))
print(json.dumps(expanded.template, default=str))
