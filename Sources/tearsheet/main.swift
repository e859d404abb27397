print("tearsheet")
