"""The UI kit under the screens: widgets, forms, polling, markup and the session. It never imports a screen."""
