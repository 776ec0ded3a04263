import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_site.settings")

application = get_wsgi_application()

# The garbage collector's full passes walk every object the process holds, Django's own
# included. A state's outcomes page, which makes tens of thousands of figures, set one off
# about every other visit, and it took a sixth of the page's time. What is loaded by now
# lives as long as the process, so it is left out of those passes; and a pass comes after
# 5,000 new objects rather than 700: cycles are still collected, a little later.
gc.freeze()
gc.set_threshold(5000, 10, 10)
