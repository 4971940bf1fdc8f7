-- wrk script for bench/delivery/run.sh: POST a small JSON body, like a
-- webhook notification, on keep-alive connections.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"version":"1.0","title":"Frist: report due in 3 days","message":"Quarterly report (acme/q3-report) is due 2024-10-04.","attachments":[],"type":"info"}'
