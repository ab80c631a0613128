"""The website of the library (Flask), and in web.content the Flask-free content pipeline."""
