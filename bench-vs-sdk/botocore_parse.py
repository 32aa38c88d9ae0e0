"""Times botocore's own response parser on a body the Rust benchmark wrote.

Usage: python3 botocore_parse.py BODY_FILE OPERATION ITERATIONS

Parses BODY_FILE (an awsJson1.1 response of OPERATION) with the parser
botocore uses for AppStream's JSON protocol, against the output shape of
OPERATION in botocore's bundled AppStream model, ITERATIONS times, and prints
one JSON line: the median seconds per parse, and the items of the first list
member parsed (to check it read the whole body). The body's bytes are read
once; each parse decodes and converts them as botocore does for a real
response.
"""

import json
import statistics
import sys
import time

import botocore.parsers
import botocore.session


def main():
    path, operation, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path, "rb") as f:
        body = f.read()
    model = botocore.session.get_session().get_service_model("appstream")
    shape = model.operation_model(operation).output_shape
    parser = botocore.parsers.create_parser("json")
    response = {"body": body, "headers": {"x-amzn-requestid": "bench"}, "status_code": 200}
    parsed = parser.parse(response, shape)
    items = next((len(v) for v in parsed.values() if isinstance(v, list)), 0)
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        parser.parse(response, shape)
        times.append(time.perf_counter() - start)
    print(json.dumps({"median_s": statistics.median(times), "items": items, "botocore": botocore.__version__}))


if __name__ == "__main__":
    main()
