def test_pages_render(client, make_shipment, make_receipt, make_assessment, make_report):
    make_assessment()
    sid = make_shipment(posko=("Posko Balai Desa", -6.62, 106.38))
    make_receipt(sid, share=0.9)
    make_shipment(items=(("clothing", 2, "bale20", 20),), status="dispatched", code="ABC123")
    code = make_report()
    for url in ["/", "/?q=Lebak+Gedong", "/wilayah/36.02", "/wilayah/36.02.25",
                "/desa/36.02.25.2003", "/desa/36.02.25.2003/poster", "/lapor?desa=36.02.25.2003",
                f"/lapor/{code}", "/konfirmasi", "/konfirmasi?code=ABC123",
                "/api/v1/public/villages/36.02.25.2003", f"/api/v1/reports/{code}"]:
        r = client.get(url)
        print(url, r.status_code, len(r.data))
        assert r.status_code == 200, r.data.decode()[:3000]
