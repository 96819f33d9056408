"""Benchmark worker: pandas.read_csv + scikit-learn fit on a synthetic account file; prints JSON.
    /usr/bin/python3 bench/py/fit_sklearn.py <file> logistic|kmeans
logistic: LogisticRegression(penalty=None) with the default lbfgs solver; kmeans: StandardScaler then
KMeans(n_clusters=6, n_init=1, random_state=0). `seconds` is the fit alone; `loadSeconds` the read_csv.
"""
import json
import resource
import sys
import time

import pandas as pd
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

FEATURES = ["log_employees", "log_revenue", "tech_fit", "intent", "web_visits", "email_clicks", "downloads",
            "growth", "age_years", "it_ratio", "cloud_score", "hiring_rate"]
path, kind = sys.argv[1], sys.argv[2]
started = time.perf_counter()
frame = pd.read_csv(path, dtype={"account_id": str})
load_seconds = time.perf_counter() - started
x = frame[FEATURES].to_numpy()
started = time.perf_counter()
if kind == "logistic":
    model = LogisticRegression(penalty=None, max_iter=1000).fit(x, frame["won"])
    seconds = time.perf_counter() - started
    result = {"auc": roc_auc_score(frame["won"], model.decision_function(x)), "iterations": int(model.n_iter_[0]),
              "intercept": float(model.intercept_[0])}
else:
    z = StandardScaler().fit_transform(x)
    model = KMeans(n_clusters=6, n_init=1, random_state=0).fit(z)
    seconds = time.perf_counter() - started
    result = {"inertia": float(model.inertia_), "iterations": int(model.n_iter_)}
print(json.dumps({"seconds": seconds, "loadSeconds": load_seconds,
                  "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **result}))
