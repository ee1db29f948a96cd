"""
Runs many AWS CLI command lines in one Python process, each exactly as the `aws` script runs it
(its own `main`, a new session per command), so that the interpreter and botocore start once per
test file instead of once per command.

Requests arrive on stdin, one JSON object per line: {"args": [...], "env": {...}}; `env` replaces the
environment for that command (but for what the CLI sets itself on import). Each reply goes to file descriptor 3, one JSON object per line:
{"code": N, "stdout": "...", "stderr": "..."}, so that nothing the CLI itself prints can be taken
for a reply.

Usage: python3 aws-cli-driver.py /usr/bin/aws
"""
import io
import json
import os
import runpy
import sys
import traceback

# The `aws` script's own main (it calls it only when run as __main__). Importing the CLI sets some
# variables of its own (AWS_DATA_PATH, where its models are), which every command keeps.
inherited = dict(os.environ)
main = runpy.run_path(sys.argv[1], run_name='aws_cli_driver')['main']
own = {key: value for key, value in os.environ.items() if inherited.get(key) != value}
replies = os.fdopen(3, 'w')

for line in sys.stdin:
    request = json.loads(line)
    os.environ.clear()
    os.environ.update(request['env'])
    os.environ.update(own)
    sys.argv = ['aws', *request['args']]
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    try:
        code = main()
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) or exit.code is None else 1
    except BaseException:
        # What would have ended the process with a traceback.
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    replies.write(json.dumps({'code': code or 0, 'stdout': out.getvalue(), 'stderr': err.getvalue()}) + '\n')
    replies.flush()
