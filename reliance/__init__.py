__version__ = "0.0.1"

import warnings as _w
# fastai (imported by the learner, data and predict modules) and older timm still use `torch.jit.script` /
# `torch.jit.interface`, which torch >= 2.10 deprecates with a FutureWarning at import time; hide those messages so
# reliance's commands start quietly (one line on stderr when they fail).
_w.filterwarnings('ignore', message=r'`torch\.jit\.\w+` is deprecated', category=FutureWarning)
