"""Benchmark worker: pandas.read_csv of a synthetic account file; prints JSON like bench/load-frame.ts."""
import json
import resource
import sys
import time

import pandas as pd

path = sys.argv[1]
started = time.perf_counter()
frame = pd.read_csv(path, dtype={"account_id": str})
seconds = time.perf_counter() - started
checksum = float(frame.select_dtypes("number").sum().sum())
print(json.dumps({
    "seconds": seconds,
    "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rows": len(frame),
    "checksum": checksum,
}))
