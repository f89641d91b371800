print("dosesum: under construction")
