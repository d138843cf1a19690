__version__ = "0.0.1"

import warnings as _w
# fastai (imported by the learner, data and predict modules) still uses `torch.jit.script`, which torch >= 2.10
# deprecates with a FutureWarning at import time; hide that one message so reliance's commands start quietly.
_w.filterwarnings('ignore', message=r'`torch\.jit\.script` is deprecated', category=FutureWarning)
