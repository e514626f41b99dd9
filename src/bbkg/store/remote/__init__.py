"""store/remote"""
